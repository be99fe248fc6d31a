import streamlit as st

st.title("sigmoid")
