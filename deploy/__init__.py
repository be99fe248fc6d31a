"""Serving the app to a room: nginx in front of replicas (``make serve``).

``deploy.nginx`` writes the one nginx configuration (the lecture-hall benchmarks in
``harness/replicas.py`` run the same one) and precompresses Streamlit's static files for it;
``deploy.serve`` starts the replicas and nginx and restarts whichever of them exits.
Standard library only: a campus server needs nothing beyond ``requirements.txt`` and nginx.
"""
