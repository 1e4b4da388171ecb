import Foundation
import HangarCore
import Upstream

/// The public model library (ollama.com by default), best effort: when it cannot be reached
/// or read, the caller gets `library_unavailable` and everything else keeps working.
public struct OllamaLibrary: Sendable {
    public let baseURL: String
    let client: UpstreamClient
    let timeout: Duration

    public init(baseURL: String, client: UpstreamClient = .shared, timeout: Duration = .seconds(10)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.client = client
        self.timeout = timeout
    }

    public func search(_ query: String) async throws -> OllamaLibrarySearch {
        let trimmed = query.trimmingWhitespace
        guard trimmed.count <= 100, !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw HangarError.validation(["q": .invalid("A search is at most 100 printable characters.")])
        }
        var parts = URLComponents()
        parts.queryItems = [URLQueryItem(name: "q", value: trimmed)]
        let html = try await page("/search?\(parts.percentEncodedQuery ?? "")", missing: nil)
        return OllamaLibrarySearch(query: trimmed, source: baseURL, models: LibraryPages.searchResults(html))
    }

    public func variants(of model: String) async throws -> OllamaVariantList {
        let name: OllamaName
        do {
            name = try OllamaName(model)
        } catch {
            throw HangarError(.unprocessable, code: .invalidModelName, message: error.message, fields: ["model": .invalid(error.message)])
        }
        guard name.isFromDefaultRegistry, !model.contains(":") else {
            let message = "Give a library model without tag or host, such as qwen2.5 or namespace/model."
            throw HangarError(.unprocessable, code: .invalidModelName, message: message, fields: ["model": .invalid(message)])
        }
        let path = name.namespace.lowercased() == OllamaName.defaultNamespace ? "library/\(name.model)" : "\(name.namespace)/\(name.model)"
        let html = try await page("/\(path)/tags", missing: model)
        return OllamaVariantList(model: model, source: baseURL, variants: LibraryPages.variants(html, path: path, model: model))
    }

    private func page(_ path: String, missing: String?) async throws -> String {
        let response: UpstreamResponse
        do {
            response = try await client.send(
                UpstreamRequest(url: baseURL + path, headers: ["Accept": "text/html"], maxBodyBytes: 4 * 1024 * 1024), timeout: timeout)
        } catch .cancelled {
            throw CancellationError()
        } catch .timeout {
            throw unavailable("it did not answer within \(timeout.seconds) s")
        } catch {
            throw unavailable("it cannot be reached")
        }
        if response.status == 404, let missing {
            throw HangarError(
                .notFound, code: .libraryModelNotFound,
                message: "The library has no model '\(missing.prefix(80))'; search the library for its exact name.")
        }
        guard response.status == 200 else { throw unavailable("it answered HTTP \(response.status)") }
        return String(decoding: response.body, as: UTF8.self)
    }

    private func unavailable(_ why: String) -> HangarError {
        HangarError(
            .upstream, code: .libraryUnavailable,
            message: "The Ollama library at \(baseURL) is unavailable: \(why). Search is best effort; pulling by name still works.")
    }
}
