import streamlit as st

st.title("custom")
