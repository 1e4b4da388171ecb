import Foundation

/// An answer decided from the fake's state; the server writes it afterwards, outside the lock.
struct FakeHubAnswer: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: Body
    /// Sends nothing at all and waits for the client to give up.
    var silent = false

    enum Body: Sendable {
        case none
        case text([UInt8])
        /// `range` of `bytes`, delivered as `delivery` says.
        case file(bytes: [UInt8], range: Range<Int>, delivery: Delivery)
    }

    struct Delivery: Sendable {
        var dropAfter: Int?
        var stallAfter: Int?
        var bytesPerSecond: Int?
    }

    /// The Hub's error shape: `X-Error-Code`, `X-Error-Message`, and `{"error": …}`.
    static func hubError(_ status: Int, code: String?, message: String, retryAfter: String? = nil) -> FakeHubAnswer {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json; charset=utf-8"), ("X-Error-Message", message),
        ]
        if let code { headers.append(("X-Error-Code", code)) }
        if let retryAfter { headers.append(("Retry-After", retryAfter)) }
        let body = (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data()
        return FakeHubAnswer(status: status, headers: headers, body: .text(Array(body)))
    }

    static func plain(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> FakeHubAnswer {
        FakeHubAnswer(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers, body: .text(Array(text.utf8)))
    }
}

extension FakeHub {
    func answer(_ request: RecordedRequest, origin: FakeHubOrigin) -> FakeHubAnswer {
        guard request.method == "GET" || request.method == "HEAD" else {
            return .plain(405, "Method Not Allowed")
        }
        let servesContent = origin == .cdn || cdnURL == hubURL
        if request.path.hasPrefix("/cdn-lfs/") && servesContent { return cdnContent(request) }
        guard origin == .hub else { return .plain(404, "Not Found") }
        if request.path == "/api/models" || request.path.hasPrefix("/api/models/") { return api(request) }
        return resolve(request)
    }

    /// `/{owner}/{name}/resolve/{revision}/{path…}`, the revision as one (percent-encoded) segment.
    private func resolve(_ request: RecordedRequest) -> FakeHubAnswer {
        let raw = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard raw.count >= 5, raw[2] == "resolve",
            let owner = raw[0].removingPercentEncoding, let name = raw[1].removingPercentEncoding,
            let revision = raw[3].removingPercentEncoding
        else { return .plain(404, "Not Found") }
        let repo = "\(owner)/\(name)"
        let path = raw[4...].compactMap { $0.removingPercentEncoding }.joined(separator: "/")
        let token = Self.bearerToken(request)
        return state.update { state -> FakeHubAnswer in
            if let renamed = state.renamed[repo] {
                let location = "/\(renamed)/\(raw[2...].joined(separator: "/"))" + (request.query.map { "?" + $0 } ?? "")
                return .plain(307, "Temporary Redirect. Redirecting to \(location)", headers: [("Location", location)])
            }
            guard let entry = state.repos[repo] else {
                return .hubError(token == nil ? 401 : 404, code: "RepoNotFound", message: "Repository not found")
            }
            if let refusal = Self.refusal(access: entry.access, token: token, repo: repo) { return refusal }
            guard state.files.keys.contains(where: { $0.repo == repo && $0.revision == revision }) else {
                return .hubError(404, code: "RevisionNotFound", message: "Invalid rev id: \(revision)")
            }
            let key = FileKey(repo: repo, revision: revision, path: path)
            guard var file = state.files[key] else {
                return .hubError(404, code: "EntryNotFound", message: "Entry not found")
            }
            if file.faults.silentResolves > 0 {
                file.faults.silentResolves -= 1
                state.files[key] = file
                var answer = FakeHubAnswer.plain(500, "")
                answer.silent = true
                return answer
            }
            if !file.faults.resolveStatuses.isEmpty {
                let fault = file.faults.resolveStatuses.removeFirst()
                state.files[key] = file
                return .hubError(fault.status, code: fault.errorCode, message: fault.message, retryAfter: fault.retryAfter)
            }
            switch file.storage {
            case .lfs:
                return lfsRedirect(file)
            case .git:
                let answer = content(of: &file, request: request)
                state.files[key] = file
                return answer
            }
        }
    }

    static func refusal(access: FakeHubAccess, token: String?, repo: String) -> FakeHubAnswer? {
        switch access {
        case .open:
            return nil
        case .privateRepo(let expected):
            guard let token else { return .hubError(401, code: "RepoNotFound", message: "Repository not found") }
            return token == expected ? nil : .hubError(401, code: nil, message: "Invalid credentials in Authorization header")
        case .gated(let granted):
            guard let token else {
                return .hubError(
                    401, code: "GatedRepo",
                    message:
                        "Access to model \(repo) is restricted. You must have access to it and be authenticated to access it. Please log in."
                )
            }
            return token == granted
                ? nil
                : .hubError(
                    403, code: "GatedRepo",
                    message:
                        "Access to model \(repo) is restricted and you are not in the authorized list. Visit https://huggingface.co/\(repo) to ask for access."
                )
        }
    }

    /// The Hub's answer for an LFS file: where the CDN has it, and its checksum, size and commit.
    private func lfsRedirect(_ file: File) -> FakeHubAnswer {
        let sha = file.faults.advertisedSHA256 ?? file.info.sha256
        let size = file.faults.advertisedSize ?? Int64(file.info.size)
        let signature = FakeHub.hex(Array("\(file.id)-\(file.info.sha256)".utf8.prefix(20)))
        let location =
            "\(cdnURL)/cdn-lfs/\(file.id)/\(file.info.sha256)?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Expires=3600&X-Amz-Signature=\(signature)&x-id=GetObject"
        return .plain(
            302, "Found. Redirecting to \(location)",
            headers: [
                ("Location", location), ("X-Linked-Etag", "\"\(sha)\""), ("X-Linked-Size", String(size)),
                ("X-Repo-Commit", file.info.commit), ("ETag", "\"\(sha)\""), ("Accept-Ranges", "bytes"),
                ("Vary", "Origin, Accept"),
            ])
    }

    private func cdnContent(_ request: RecordedRequest) -> FakeHubAnswer {
        let parts = request.path.split(separator: "/")
        guard parts.count == 3, let id = Int(parts[1]) else { return .plain(404, "Not Found") }
        return state.update { state -> FakeHubAnswer in
            guard let key = state.fileKeysByID[id], var file = state.files[key], file.info.sha256 == parts[2] else {
                return .plain(404, "Not Found")
            }
            let answer = content(of: &file, request: request)
            state.files[key] = file
            return answer
        }
    }

    /// The bytes themselves, with ranges and the file's transfer faults; consumes one queued transfer.
    private func content(of file: inout File, request: RecordedRequest) -> FakeHubAnswer {
        var bytes = file.bytes
        if file.faults.corruptBytes && !bytes.isEmpty { bytes[bytes.count / 2] ^= 0xFF }
        let transfer = file.faults.transfers.isEmpty ? FakeHubTransfer.normal : file.faults.transfers.removeFirst()
        let size = bytes.count
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/octet-stream"), ("Accept-Ranges", "bytes"),
        ]
        switch file.storage {
        case .lfs: headers.append(("ETag", "\"\(file.info.sha256)\""))
        case .git: headers += [("ETag", "\"\(file.info.gitSHA1)\""), ("X-Repo-Commit", file.info.commit)]
        }
        let unsatisfiable = FakeHubAnswer(
            status: 416, headers: [("Content-Type", "application/xml"), ("Content-Range", "bytes */\(size)")],
            body: .text(Array("<Error><Code>InvalidRange</Code><Message>The requested range is not satisfiable</Message></Error>".utf8)))
        if transfer == .rangeNotSatisfiable { return unsatisfiable }
        var delivery = FakeHubAnswer.Delivery(bytesPerSecond: file.faults.bytesPerSecond)
        if case .dropAfter(let count) = transfer { delivery.dropAfter = count }
        if case .stallAfter(let count) = transfer { delivery.stallAfter = count }
        let ignoresRange = file.faults.alwaysIgnoreRange || transfer == .ignoreRange
        if let (first, last) = Self.range(request.header("range")), !ignoresRange {
            guard first < size else { return unsatisfiable }
            let end = min(last ?? size - 1, size - 1)
            headers.append(("Content-Range", "bytes \(first)-\(end)/\(size)"))
            return FakeHubAnswer(status: 206, headers: headers, body: .file(bytes: bytes, range: first..<end + 1, delivery: delivery))
        }
        return FakeHubAnswer(status: 200, headers: headers, body: .file(bytes: bytes, range: 0..<size, delivery: delivery))
    }

    /// `bytes=N-` or `bytes=N-M`; anything else is ignored, as servers do.
    static func range(_ header: String?) -> (Int, Int?)? {
        guard let header, header.hasPrefix("bytes=") else { return nil }
        let bounds = header.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int(bounds[0]), first >= 0 else { return nil }
        if bounds[1].isEmpty { return (first, nil) }
        guard let last = Int(bounds[1]), last >= first else { return nil }
        return (first, last)
    }

    static func bearerToken(_ request: RecordedRequest) -> String? {
        guard let value = request.header("authorization"), value.lowercased().hasPrefix("bearer ") else { return nil }
        return String(value.dropFirst(7))
    }
}
