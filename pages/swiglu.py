import streamlit as st

st.title("swiglu")
