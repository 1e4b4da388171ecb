extension DownloadRun {
    /// Checks the part against the Hub's size and sha256, then moves it into place. Returns nil
    /// when the run should go on: bytes kept from an earlier run did not match, most likely
    /// because the file changed on the Hub since, so one fresh start is worth it.
    func finish() async throws -> DownloadResult? {
        let size = part.size
        if let expected = known.size, size != expected {
            throw DownloadError(
                .sizeMismatch,
                "The download has \(size) bytes but the Hub announced \(expected); the partial file was deleted, "
                    + "start the download again.")
        }
        let sha256 = part.sha256
        if let expected = known.sha256, sha256 != expected {
            if resumedFrom > 0 && !restartedStalePart {
                restartedStalePart = true
                logger.warning("the bytes kept from an earlier run do not match the Hub's checksum; downloading again")
                try part.reset()
                return nil
            }
            throw DownloadError(
                .checksumMismatch,
                "The downloaded file's SHA-256 (\(sha256)) differs from the Hub's (\(expected)); the partial file was "
                    + "deleted, start the download again.")
        }
        try await part.commit(to: request.destination)
        await report(force: true)
        logger.info("download complete", metadata: ["size": "\(size)", "sha256": "\(sha256)"])
        return DownloadResult(
            path: request.destination, size: size, sha256: sha256, commit: known.commit, resumedFrom: resumedFrom)
    }

    /// Whether the destination already is the Hub's file, checked once per run and only when the
    /// Hub announced both size and sha256 (hashing costs a read of the whole file).
    func destinationAlreadyValid() async throws -> Bool {
        guard !checkedDestination, let size = known.size, let expected = known.sha256,
            FileSystem.regularFileSize(request.destination) == size
        else { return false }
        checkedDestination = true
        do {
            return try await FileSystem.sha256(ofFileAt: request.destination) == expected
        } catch let error as DownloadError {
            throw AttemptFailure.fatal(error)
        }
    }

    /// The destination stays; a leftover part is of no use next to it.
    func keepExisting(sha256: String, size: Int64) async -> DownloadResult {
        part.remove()
        if let update = meter.report(bytesDone: size, total: size, attempt: attempt, force: true) {
            await progress(update)
        }
        logger.info("the destination already holds the Hub's file; nothing to download")
        return DownloadResult(
            path: request.destination, size: size, sha256: sha256, commit: known.commit, resumedFrom: resumedFrom,
            reusedExisting: true)
    }
}
