import AsyncHTTPClient
import NIOCore
import NIOPosix
import Upstream

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How one try ended when it did not end with the whole file on disk.
enum AttemptFailure: Error {
    /// No point trying again in this run.
    case fatal(DownloadError)
    /// Worth another try after a pause; `error` is what the user sees when no try is left.
    case retry(DownloadError, retryAfter: Duration?)
    /// The part was emptied; try again at once from byte 0.
    case restart(DownloadError)

    /// A connection that could not be made or broke off, told the way every outbound call tells it.
    static func network(_ error: any Error, at location: UpstreamURL, context: String) -> AttemptFailure {
        let failure = UpstreamError(classifying: error, target: location)
        let download = DownloadError(.network, "\(context). \(failure.sentence(place: "the Hub at \(location.authority)"))")
        // The same certificate would be refused on every try.
        if case .tls = failure, UpstreamError.tlsFailure(error)?.certificateRefused == true { return .fatal(download) }
        return .retry(download, retryAfter: nil)
    }
}

extension DownloadError {
    /// Turns the Hub's refusal into the code and the advice for it. The Hub names the case in
    /// `X-Error-Code` (GatedRepo, RepoNotFound, RevisionNotFound, EntryNotFound) and explains in
    /// `X-Error-Message` or a JSON `{"error": …}` body; its wording is quoted when it is sane.
    static func hub(status: UInt, errorCode: String?, hubMessage: String?, file: HubFileReference, tokenSent: Bool)
        -> DownloadError
    {
        let said = hubMessage.map { " The Hub said: \"\($0)\"" } ?? ""
        let repo = file.repo
        let noToken = tokenSent ? "" : " No token was set."
        switch (status, errorCode) {
        case (401, "GatedRepo"), (403, _):
            return DownloadError(
                .gated,
                "Access to \(repo) is restricted: accept the model's terms on its Hugging Face page and use a token "
                    + "of an account that was granted access.\(noToken)\(said)")
        case (401, "RepoNotFound"):
            let advice =
                tokenSent
                ? "or it is private and the token cannot read it; check the name and the token."
                : "or it is private; check the name, or set a Hugging Face token that can read it."
            return DownloadError(.unauthorized, "Repository \(repo) was not found, \(advice)\(said)")
        case (401, _):
            let advice =
                tokenSent
                ? "The Hugging Face token was refused (invalid or expired); set a valid token."
                : "The Hub requires a token to download from \(repo); set a Hugging Face access token."
            return DownloadError(.unauthorized, advice + said)
        case (404, "RevisionNotFound"):
            return DownloadError(
                .notFound, "Revision '\(file.revision)' does not exist in \(repo); check the revision.\(said)")
        case (404, "EntryNotFound"):
            return DownloadError(
                .notFound,
                "File '\(file.file)' does not exist in \(repo) at revision '\(file.revision)'; check the file name.\(said)")
        case (404, "RepoNotFound"):
            return DownloadError(
                .notFound, "Repository \(repo) does not exist (or is private and hidden); check the name.\(said)")
        case (404, _):
            return DownloadError(
                .notFound,
                "\(repo) has no file '\(file.file)' at revision '\(file.revision)'; check the repository, revision and file.\(said)")
        case (408, _), (429, _):
            return DownloadError(
                .upstreamStatus, "The Hub kept answering HTTP \(status) (too many requests or too slow); try again later.\(said)")
        case (500...599, _):
            return DownloadError(.upstreamStatus, "The Hub kept failing with HTTP \(status); try again later.\(said)")
        default:
            return DownloadError(
                .upstreamStatus, "The Hub answered HTTP \(status), which Hangar cannot download from.\(said)")
        }
    }

    /// Keeps a server's explanation only if it is short, printable, and free of the token.
    static func sanitizedHubMessage(_ raw: String?, token: String?) -> String? {
        guard var text = raw?.trimmed, !text.isEmpty else { return nil }
        if let token, !token.isEmpty, text.contains(token) { return nil }
        text = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
