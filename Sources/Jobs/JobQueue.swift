// The job queue lives here (issue 5).
