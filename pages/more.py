import streamlit as st

st.title("more")
