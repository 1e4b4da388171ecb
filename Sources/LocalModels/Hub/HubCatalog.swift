import Catalog
import Foundation
import HangarCore
import Upstream

/// Browsing the Hugging Face Hub for GGUF models: search (the Hub's `/api/models`, GGUF only,
/// most downloaded first) and a repository's files (`/api/models/{repo}/tree/{revision}`), with
/// each file's size, SHA-256 and quantization, split models grouped. Best effort: when the Hub
/// cannot be reached the answer is 502 `hub_unavailable`, and entering a file by hand still works.
public struct HubCatalog: Sendable {
    let settings: LocalModelSettings
    let client: UpstreamClient
    let timeout: Duration
    /// Tree pages followed at most (the Hub lists 1,000 entries a page).
    static let maxPages = 20

    public init(settings: LocalModelSettings, client: UpstreamClient = .shared, timeout: Duration = .seconds(15)) {
        self.settings = settings
        self.client = client
        self.timeout = timeout
    }

    public func search(_ query: String, limit: Int = 30, token: String?) async throws -> HubSearch {
        let text = query.trimmingCharacters(in: .whitespaces)
        var fields: [String: FieldError] = [:]
        if text.unicodeScalars.count > 100 || text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            fields["q"] = .invalid("A search is at most 100 printable characters.")
        }
        fields["limit"] = .outside(limit, 1...100, "Limit must be between 1 and 100.")
        guard fields.isEmpty else { throw HangarError.validation(fields) }
        var parts = URLComponents()
        parts.queryItems = [
            URLQueryItem(name: "search", value: text), URLQueryItem(name: "filter", value: "gguf"),
            URLQueryItem(name: "sort", value: "downloads"), URLQueryItem(name: "direction", value: "-1"),
            URLQueryItem(name: "limit", value: String(limit)),
        ]
        let endpoint = await settings.currentHubEndpoint()
        let answer = try await get(endpoint, "/api/models?" + (parts.percentEncodedQuery ?? ""), token: token, repo: nil)
        guard let entries = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [[String: Any]] else {
            throw Self.unavailable(endpoint, "its search answer could not be read")
        }
        return HubSearch(query: text, source: endpoint, models: entries.compactMap(Self.repository))
    }

    public func files(repo: String, revision: String, token: String?) async throws -> HubFileList {
        var fields: [String: FieldError] = [:]
        fields["repo"] = FieldRules.hfRepo(repo)
        fields["revision"] = FieldRules.hfRevision(revision)
        guard fields.isEmpty else { throw HangarError.validation(fields) }
        let endpoint = await settings.currentHubEndpoint()
        let quotedRepo = repo.split(separator: "/").map { HubURL.percentEncoded(String($0)) }.joined(separator: "/")
        let quotedRevision = HubURL.percentEncoded(revision)
        let info = try await get(endpoint, "/api/models/\(quotedRepo)/revision/\(quotedRevision)", token: token, repo: repo)
        let commit = (try? JSONSerialization.jsonObject(with: Data(info.body)) as? [String: Any])?["sha"] as? String
        var files: [HubFile] = []
        var next: String? = "/api/models/\(quotedRepo)/tree/\(quotedRevision)?recursive=true"
        var pages = 0
        while let path = next, pages < Self.maxPages {
            let page = try await get(endpoint, path, token: token, repo: repo)
            guard let entries = try? JSONSerialization.jsonObject(with: Data(page.body)) as? [[String: Any]] else {
                throw Self.unavailable(endpoint, "its file list could not be read")
            }
            files += entries.compactMap(Self.file)
            next = Self.nextPage(page.headers["link"], endpoint: endpoint)
            pages += 1
        }
        files.sort { $0.path < $1.path }
        return HubFileList(
            repo: repo, revision: revision, commit: commit, source: endpoint, files: files, choices: GGUFFileName.choices(files))
    }

    static func repository(_ entry: [String: Any]) -> HubRepository? {
        guard let repo = entry["id"] as? String ?? entry["modelId"] as? String else { return nil }
        // `gated` is false, or how access is granted ("auto", "manual").
        let gated = (entry["gated"] as? String).map { !$0.isEmpty } ?? (entry["gated"] as? Bool ?? false)
        return HubRepository(
            repo: repo, downloads: entry["downloads"] as? Int ?? 0, likes: entry["likes"] as? Int ?? 0, gated: gated,
            isPrivate: entry["private"] as? Bool ?? false, updatedAt: entry["lastModified"] as? String ?? entry["createdAt"] as? String)
    }

    static func file(_ entry: [String: Any]) -> HubFile? {
        guard entry["type"] as? String == "file", let path = entry["path"] as? String, path.lowercased().hasSuffix(".gguf") else {
            return nil
        }
        let lfs = entry["lfs"] as? [String: Any]
        let size = (lfs?["size"] as? NSNumber ?? entry["size"] as? NSNumber)?.int64Value ?? 0
        let name = GGUFFileName(path)
        return HubFile(
            path: path, size: size, sha256: lfs?["oid"] as? String, quantization: name.quantization, part: name.part, parts: name.parts)
    }

    /// `<…>; rel="next"` of a `Link` header, kept on the Hub's own origin.
    static func nextPage(_ link: String?, endpoint: String) -> String? {
        guard let link else { return nil }
        for part in link.split(separator: ",") where part.contains(#"rel="next""#) {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">"), open < close else { continue }
            var target = String(part[part.index(after: open)..<close])
            if target.hasPrefix(endpoint) { target.removeFirst(endpoint.count) }
            return target.hasPrefix("/") ? target : nil
        }
        return nil
    }

    private func get(_ endpoint: String, _ path: String, token: String?, repo: String?) async throws -> UpstreamResponse {
        var headers: UpstreamHeaders = ["Accept": "application/json", "User-Agent": HubDownloader.userAgent]
        if let token, !token.isEmpty { headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response: UpstreamResponse
        do {
            response = try await client.send(
                UpstreamRequest(url: endpoint + path, headers: headers, maxBodyBytes: 16 * 1024 * 1024), timeout: timeout)
        } catch .cancelled {
            throw CancellationError()
        } catch .timeout {
            throw Self.unavailable(endpoint, "it did not answer within \(timeout.components.seconds) s")
        } catch {
            throw Self.unavailable(endpoint, "it cannot be reached")
        }
        switch response.status {
        case 200: return response
        case 401 where repo != nil && response.headers["x-error-code"] == "RepoNotFound":
            // Without a token the Hub answers this for a private repository too.
            throw HangarError(
                .notFound, code: .hfNotFound,
                message: "The Hub has no repository \(repo ?? ""), or it is private: check its name, or set a token that can see it.")
        case 401 where repo != nil:
            throw HangarError(
                .forbidden, code: .hfUnauthorized,
                message:
                    "The Hub asks for a token to see \(repo ?? ""): it is private or gated. Set the model's Hugging Face token, or HANGAR_HF_TOKEN for the server."
            )
        case 403 where repo != nil:
            throw HangarError(
                .forbidden, code: .hfGated,
                message: "This token has no access to \(repo ?? ""); ask for access on the model's Hub page, then try again.")
        case 404 where repo != nil:
            throw HangarError(
                .notFound, code: .hfNotFound,
                message: "The Hub has no repository \(repo ?? "") at that revision; check its name and revision.")
        default:
            throw Self.unavailable(endpoint, "it answered HTTP \(response.status)")
        }
    }

    static func unavailable(_ endpoint: String, _ why: String) -> HangarError {
        HangarError(
            .upstream, code: .hubUnavailable,
            message: "The Hugging Face Hub at \(endpoint) is unavailable: \(why). Enter the repository, revision and file by hand instead.")
    }
}
