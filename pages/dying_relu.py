import streamlit as st

st.title("dying_relu")
