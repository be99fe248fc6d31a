import streamlit as st

st.title("quiz")
