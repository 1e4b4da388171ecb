// The event bus lives here (issue 5).
