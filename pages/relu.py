import streamlit as st

st.title("relu")
