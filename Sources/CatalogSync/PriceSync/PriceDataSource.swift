import Catalog
import Foundation
import HangarCore
import Upstream

/// Where a price sync reads its data: the request's own file, a URL, the `price_data_url`
/// setting, or the LiteLLM snapshot shipped with Hangar (its MIT licence beside it, in
/// `Resources/LICENSE-litellm.txt`).
public struct PriceDataSource: Sendable {
    let client: UpstreamClient
    let timeout: Duration

    /// Big enough for LiteLLM's file many times over, small enough to hold in memory.
    public static let maxBytes = 64 << 20

    public init(client: UpstreamClient = .shared, timeout: Duration = .seconds(60)) {
        self.client = client
        self.timeout = timeout
    }

    /// The data and the `price_source` it will be stamped with.
    public func load(_ request: PriceSyncRequest, settingURL: String) async throws -> (data: PriceData, source: String) {
        if request.data != nil, request.url != nil {
            throw HangarError(
                .unprocessable, code: .invalidPayload, message: "Send either data (a price file) or url, not both.",
                fields: ["url": .notAllowed("Leave url out when data is sent.")])
        }
        if let data = request.data { return (data, PriceSource.upload) }
        if let url = request.url {
            if let problem = FieldRules.baseURL(url) { throw HangarError.validation(["url": problem]) }
            return (try await fetch(url), PriceSource.url(url))
        }
        if !settingURL.isEmpty { return (try await fetch(settingURL), PriceSource.url(settingURL)) }
        return (try Self.snapshot(), PriceSource.snapshot)
    }

    /// The shipped file, read on each sync rather than kept: it is 3.5 MB of JSON that a
    /// server needs a few times a year.
    public static func snapshot() throws -> PriceData {
        if let embedded = EmbeddedFiles.data(snapshotName) {
            return try JSONDecoder().decode(PriceData.self, from: embedded)
        }
        guard let url = Bundle.module.url(forResource: "model_prices_and_context_window", withExtension: "json") else {
            throw HangarError(
                .internal, code: .internalError,
                message: "The price data shipped with Hangar is missing; reinstall Hangar, or sync from a URL.")
        }
        return try JSONDecoder().decode(PriceData.self, from: Data(contentsOf: url))
    }

    /// The snapshot's name in a release binary's embedded files (`scripts/release`).
    public static let snapshotName = "model_prices_and_context_window.json"

    func fetch(_ url: String) async throws -> PriceData {
        let place = "the price data at \(URL(string: url)?.host ?? url)"
        let response: UpstreamResponse
        do {
            response = try await client.send(
                UpstreamRequest(url: url, headers: ["Accept": "application/json"], maxBodyBytes: Self.maxBytes), timeout: timeout)
        } catch {
            let kind: HangarError.Kind = error == .timeout ? .upstreamTimeout : .upstream
            throw HangarError(
                kind, code: kind == .upstreamTimeout ? .upstreamTimeout : .upstreamError,
                message:
                    "Hangar could not read \(place): \(error.sentence(place: place, timeout: timeout)) Check price_data_url, or sync from the shipped snapshot."
            )
        }
        guard response.status == 200 else {
            throw HangarError(
                .upstream, code: .upstreamError,
                message: "\(place.prefix(1).uppercased() + place.dropFirst()) answered HTTP \(response.status); check the URL.")
        }
        do {
            return try JSONDecoder().decode(PriceData.self, from: Data(response.body))
        } catch {
            throw HangarError(
                .upstream, code: .upstreamInvalidResponse,
                message:
                    "\(place.prefix(1).uppercased() + place.dropFirst()) is not a price file in LiteLLM's format (a JSON object of models)."
            )
        }
    }
}
