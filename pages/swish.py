import streamlit as st

st.title("swish")
