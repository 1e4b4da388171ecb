import Crypto
import Foundation
import HangarCore
import Upstream

/// Tells whether a pulled model is still what its registry serves, without downloading it:
/// Ollama's local digest is the sha256 of the manifest it stored, so fetching the registry's
/// manifest for the same name and hashing it answers the question.
public struct RegistryCheck: Sendable {
    public let registryURL: String
    let client: UpstreamClient
    let timeout: Duration

    public init(registryURL: String, client: UpstreamClient = .shared, timeout: Duration = .seconds(10)) {
        self.registryURL = registryURL.hasSuffix("/") ? String(registryURL.dropLast()) : registryURL
        self.client = client
        self.timeout = timeout
    }

    /// Never throws: whatever prevents a decision is an `unknown` with its reason.
    public func check(name: String, localDigest: String, now: String) async -> OllamaUpdateCheck {
        let local = OllamaDigest.hex(localDigest)
        func unknown(_ reason: String, remote: String? = nil) -> OllamaUpdateCheck {
            OllamaUpdateCheck(status: .unknown, reason: reason, localDigest: local ?? localDigest, remoteDigest: remote, checkedAt: now)
        }
        guard let local else { return unknown("The server reported no valid sha256 digest for this model.") }
        guard let parsed = try? OllamaName(name) else { return unknown("The name is not a registry name.") }
        guard parsed.isFromDefaultRegistry else {
            return unknown("Pulled from \(parsed.host), not from the Ollama registry; not checked.")
        }
        let url = "\(registryURL)/v2/\(parsed.namespace)/\(parsed.model)/manifests/\(parsed.tag)"
        let request = UpstreamRequest(
            url: url,
            headers: ["Accept": "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json"],
            maxBodyBytes: 1024 * 1024)
        let response: UpstreamResponse
        do {
            response = try await client.send(request, timeout: timeout)
        } catch {
            return unknown(error.sentence(place: "the Ollama registry", timeout: timeout))
        }
        switch response.status {
        case 200:
            let remote = Hex.lowercase(SHA256.hash(data: response.body))
            return OllamaUpdateCheck(
                status: remote == local ? .upToDate : .updateAvailable, reason: nil, localDigest: local, remoteDigest: remote,
                checkedAt: now)
        case 401, 403, 404:
            return unknown("The registry does not know \(parsed.namespace)/\(parsed.model):\(parsed.tag) (a local or renamed model).")
        case 429:
            return unknown("The registry asked to slow down (HTTP 429); check again later.")
        default:
            return unknown("The registry answered HTTP \(response.status).")
        }
    }
}
