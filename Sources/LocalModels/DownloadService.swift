// Local model downloads live here (issue 5).
