import streamlit as st

st.title("glu")
