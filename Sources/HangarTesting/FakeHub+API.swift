import Foundation

/// The Hub's JSON API as huggingface.co answers it: `GET /api/models?search=&filter=gguf&sort=
/// downloads&direction=-1&limit=`, `GET /api/models/{repo}[/revision/{rev}]` (model info) and
/// `GET /api/models/{repo}/tree/{rev}[/{path}]?recursive=` (entries with `lfs.oid`, paged by a
/// `Link` header).
extension FakeHub {
    func api(_ request: RecordedRequest) -> FakeHubAnswer {
        let segments = request.path.split(separator: "/").dropFirst(2).compactMap { String($0).removingPercentEncoding }
        let query = Self.queryItems(request.query)
        let token = Self.bearerToken(request)
        if segments.isEmpty { return search(query, token: token) }
        guard segments.count >= 2 else { return .hubError(404, code: nil, message: "Not Found") }
        let repo = "\(segments[0])/\(segments[1])"
        let rest = Array(segments.dropFirst(2))
        return state.update { state -> FakeHubAnswer in
            guard let entry = state.repos[repo] else {
                return .hubError(token == nil ? 401 : 404, code: "RepoNotFound", message: "Repository not found")
            }
            // Listing a gated repository is public, as on the Hub; only its files are not.
            if case .privateRepo = entry.access, let refusal = Self.refusal(access: entry.access, token: token, repo: repo) {
                return refusal
            }
            switch rest.first {
            case nil: return Self.info(repo: repo, revision: "main", entry: entry, state: state)
            case "revision" where rest.count == 2: return Self.info(repo: repo, revision: rest[1], entry: entry, state: state)
            case "tree" where rest.count >= 2:
                return Self.tree(
                    repo: repo, revision: rest[1], under: rest.dropFirst(2).joined(separator: "/"), query: query, request: request,
                    state: state)
            default: return .hubError(404, code: nil, message: "Not Found")
            }
        }
    }

    private func search(_ query: [String: String], token: String?) -> FakeHubAnswer {
        let text = (query["search"] ?? "").lowercased()
        let limit = Int(query["limit"] ?? "") ?? 1000
        let ggufOnly = query["filter"] == "gguf"
        let models = state.read { state -> [[String: Any]] in
            let visible = state.repos.filter { repo, entry in
                if case .privateRepo(let expected) = entry.access, token != expected { return false }
                let hasGGUF = state.files.keys.contains { $0.repo == repo && $0.path.lowercased().hasSuffix(".gguf") }
                return (text.isEmpty || repo.lowercased().contains(text)) && (!ggufOnly || hasGGUF)
            }
            let sorted = visible.sorted { ($0.value.downloads, $1.key) > ($1.value.downloads, $0.key) }
            return sorted.prefix(limit).map { repo, entry in Self.summary(repo: repo, entry: entry, state: state) }
        }
        return Self.json(models)
    }

    static func summary(repo: String, entry: Repo, state: State) -> [String: Any] {
        let gated: Any = if case .gated = entry.access { "manual" } else { false }
        let isPrivate = if case .privateRepo = entry.access { true } else { false }
        let gguf = state.files.keys.contains { $0.repo == repo && $0.path.lowercased().hasSuffix(".gguf") }
        return [
            "_id": String(commit(repo: repo, revision: "id").prefix(24)), "id": repo, "modelId": repo, "likes": entry.downloads / 100,
            "downloads": entry.downloads, "private": isPrivate, "gated": gated,
            "tags": gguf ? ["gguf", "text-generation"] : ["text-generation"],
            "library_name": gguf ? "gguf" : "transformers", "pipeline_tag": "text-generation", "createdAt": "2025-01-01T00:00:00.000Z",
        ]
    }

    private static func info(repo: String, revision: String, entry: Repo, state: State) -> FakeHubAnswer {
        let files = state.files.filter { $0.key.repo == repo && $0.key.revision == revision }
        guard !files.isEmpty else { return .hubError(404, code: "RevisionNotFound", message: "Invalid rev id: \(revision)") }
        var info = summary(repo: repo, entry: entry, state: state)
        info["sha"] = commit(repo: repo, revision: revision)
        info["lastModified"] = "2025-06-01T00:00:00.000Z"
        info["siblings"] = files.keys.map(\.path).sorted().map { ["rfilename": $0] }
        return json(info)
    }

    private static func tree(
        repo: String, revision: String, under: String, query: [String: String], request: RecordedRequest, state: State
    ) -> FakeHubAnswer {
        let files = state.files.filter { $0.key.repo == repo && $0.key.revision == revision }
        guard !files.isEmpty else { return .hubError(404, code: "RevisionNotFound", message: "Invalid rev id: \(revision)") }
        let prefix = under.isEmpty ? "" : under + "/"
        let recursive = ["1", "true"].contains(query["recursive"] ?? "")
        var entries: [String: [String: Any]] = [:]
        for (key, file) in files where key.path.hasPrefix(prefix) {
            let relative = key.path.dropFirst(prefix.count).split(separator: "/").map(String.init)
            // The directories on the way, then the file itself unless it is deeper than asked.
            for depth in 1..<max(1, relative.count) where recursive || depth == 1 {
                let path = prefix + relative.prefix(depth).joined(separator: "/")
                entries[path] = [
                    "type": "directory", "oid": String(commit(repo: repo, revision: path).prefix(40)), "size": 0, "path": path,
                ]
            }
            guard recursive || relative.count == 1 else { continue }
            var entry: [String: Any] = ["type": "file", "oid": file.info.gitSHA1, "size": file.info.size, "path": key.path]
            if file.storage == .lfs {
                entry["lfs"] = ["oid": file.info.sha256, "size": file.info.size, "pointerSize": 134]
            }
            entries[key.path] = entry
        }
        guard !entries.isEmpty || under.isEmpty else {
            return .hubError(404, code: "EntryNotFound", message: "\(under) does not exist on \"\(revision)\"")
        }
        let sorted = entries.keys.sorted().compactMap { entries[$0] }
        let start = Int(query["cursor"] ?? "") ?? 0
        let page = Array(sorted.dropFirst(start).prefix(state.treePageSize))
        var answer = json(page)
        if start + page.count < sorted.count {
            var items = query.filter { $0.key != "cursor" }.map { URLQueryItem(name: $0.key, value: $0.value) }
            items.append(URLQueryItem(name: "cursor", value: String(start + page.count)))
            var parts = URLComponents()
            parts.queryItems = items.sorted { $0.name < $1.name }
            answer.headers.append(("Link", "<\(request.path)?\(parts.percentEncodedQuery ?? "")>; rel=\"next\""))
        }
        return answer
    }

    static func json(_ value: Any) -> FakeHubAnswer {
        let body = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data()
        return FakeHubAnswer(status: 200, headers: [("Content-Type", "application/json; charset=utf-8")], body: .text(Array(body)))
    }

    static func queryItems(_ query: String?) -> [String: String] {
        var items: [String: String] = [:]
        for item in URLComponents(string: "?" + (query ?? ""))?.queryItems ?? [] { items[item.name] = item.value ?? "" }
        return items
    }
}
