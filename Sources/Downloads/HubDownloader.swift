// The Hub downloader lives here (issue 5).
