import Foundation
import Upstream

/// One test run: the shared deadline, the key to redact, and how to turn each upstream call's
/// outcome into either an answer or the failure of a stage.
struct Probe: Sendable {
    let client: UpstreamClient
    let timeout: Duration
    let deadline: ContinuousClock.Instant
    let secret: String?
    /// How messages name the upstream: "OpenAI", "Azure OpenAI", "the Ollama server"…
    let provider: String
    /// How messages name its API: "the OpenAI API", "an OpenAI-compatible API"…
    let api: String
    /// What to do about a 401.
    let unauthorizedAdvice: String
    let now: @Sendable () -> Date

    /// One upstream request and where its failures belong.
    struct Call: Sendable {
        var request: UpstreamRequest
        /// Stage of answers that are errors or not what the API sends.
        var stage: ConnectionStage
        /// Stage of 401 and 403.
        var authStage: ConnectionStage
        /// What the request was for, as in "the model list".
        var purpose: String
        /// What to check when the answer is 404.
        var notFoundHint: String
    }

    /// The answer to `call` when it is a 2xx, decoded as `T`. Failures to get any answer
    /// belong to `networkStage`.
    func fetch<T: Decodable>(_ call: Call, as type: T.Type, networkStage: ConnectionStage) async throws(ConnectionFailure)
        -> T
    {
        let response = try await send(call, networkStage: networkStage)
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw ConnectionFailure(
                stage: call.stage, code: .badResponse,
                message: "The answer to \(call.purpose) from \(response.finalURL) is not what \(api) sends "
                    + "(\(Self.describe(error))). Check that the base URL points at \(api).")
        }
    }

    /// The last, optional stage: a one-token completion with `model`, which turns the findings
    /// into a completion result when it answers.
    func complete<T: Decodable>(
        _ findings: ConnectionFindings, model: String, purpose: String, notFoundHint: String, request: UpstreamRequest, as type: T.Type
    ) async throws(ConnectionFailure) -> ConnectionFindings {
        _ = try await fetch(
            Call(request: request, stage: .completion, authStage: .completion, purpose: purpose, notFoundHint: notFoundHint),
            as: type, networkStage: .completion)
        var findings = findings
        findings.stage = .completion
        findings.modelTested = model
        return findings
    }

    private func send(_ call: Call, networkStage: ConnectionStage) async throws(ConnectionFailure) -> UpstreamResponse {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { throw failure(.timeout, call: call, stage: networkStage) }
        let response: UpstreamResponse
        do {
            response = try await client.send(call.request, timeout: remaining)
        } catch {
            throw failure(error, call: call, stage: networkStage)
        }
        guard (200..<300).contains(response.status) else { throw failure(response, call: call) }
        return response
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted: "not valid JSON"
        case DecodingError.keyNotFound(let key, _): "no \"\(key.stringValue)\" field"
        case DecodingError.typeMismatch, DecodingError.valueNotFound: "a field has the wrong type"
        default: "unexpected content"
        }
    }
}
