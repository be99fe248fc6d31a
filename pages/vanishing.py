import streamlit as st

st.title("vanishing")
