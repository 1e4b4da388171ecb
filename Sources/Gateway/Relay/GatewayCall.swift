import Foundation
import Governance
import HangarCore
import Providers
import Upstream

/// One admitted call: sends it upstream within the connection's limits (retrying a 429 before
/// anything reached the client), and answers it whole or as a stream. Whatever happens, the
/// key's and the connection's slots are given back and the call is recorded exactly once.
struct GatewayCall: Sendable {
    let service: GatewayService
    let operation: RelayOperation
    let key: APIKey
    let resolved: ResolvedModel
    let provider: Provider
    let target: RelayTarget
    let request: RelayRequest
    let prices: Prices
    let estimate: TokenEstimate
    let reservation: String?
    let keyPermit: CallGovernor.Permit
    let started: ContinuousClock.Instant
    let headers: [(String, String)]

    func send() async throws -> GatewayOutcome {
        let body = request.upstreamBody(apiName: resolved.model.apiName, askUsage: target.takesStreamUsageOption)
        let upstream = target.request(operation, body: body, stream: request.stream)
        let deadline = started + service.retry.maxTotalWait
        let limits = ProviderLimits(of: provider)
        var attempt = 0
        while true {
            attempt += 1
            let permit: CallGovernor.Permit
            do {
                permit = try await service.governor.acquire(
                    providerID: provider.id, providerName: provider.name, limits: limits, tokens: estimate.total, deadline: deadline)
            } catch {
                await end(nil, connection: nil, status: nil)
                throw error
            }
            let answer: UpstreamStream
            do {
                answer = try await service.client.open(upstream, headTimeout: service.headTimeout)
            } catch {
                await end(Ending(status: .error), connection: permit, status: nil)
                throw HangarError(
                    error.isTimeout ? .upstreamTimeout : .upstream, code: error.isTimeout ? .upstreamTimeout : .upstreamUnreachable,
                    message: target.sentence(error, timeout: service.headTimeout))
            }
            if answer.status == 429, let pause = retryPause(answer, attempt: attempt, deadline: deadline) {
                _ = try? await answer.collect()
                await service.governor.release(permit, tokens: nil)
                try await Task.sleep(for: pause)
                continue
            }
            return try await answered(answer, permit: permit)
        }
    }

    /// The wait before another try at a 429, or nil when the policy's time or tries are spent.
    private func retryPause(_ answer: UpstreamStream, attempt: Int, deadline: ContinuousClock.Instant) -> Duration? {
        guard let pause = service.retry.delay(after: attempt, retryAfter: RetryAfter.wait(in: answer.headers)),
            ContinuousClock.now + pause <= deadline
        else { return nil }
        return pause
    }

    private func answered(_ answer: UpstreamStream, permit: CallGovernor.Permit) async throws -> GatewayOutcome {
        let isStream = answer.headers["content-type"]?.lowercased().hasPrefix("text/event-stream") == true
        if (200..<300).contains(answer.status) && isStream && request.stream {
            return .stream(
                headers: headers + [("Content-Type", "text/event-stream; charset=utf-8")],
                GatewayStream(call: self, answer: answer, permit: permit))
        }
        let body: [UInt8]
        do {
            body = try await answer.collect()
        } catch {
            await end(Ending(status: .error), connection: permit, status: answer.status)
            throw HangarError(.upstream, code: .upstreamInvalidResponse, message: target.sentence(error, timeout: service.headTimeout))
        }
        guard (200..<300).contains(answer.status) else {
            await end(Ending(status: .error, input: 0, output: 0), connection: permit, status: answer.status)
            return try failure(answer, body: body)
        }
        let reading = RelayUsage.read(body[...])
        let counted = reading?.usage
        // Embeddings produce no tokens: their usage has prompt tokens only.
        var ending = Ending(
            status: .ok, input: counted?.promptTokens,
            output: counted?.completionTokens ?? (operation == .embeddings && counted != nil ? 0 : nil))
        if ending.input == nil || ending.output == nil {
            ending = Ending(
                status: .ok, input: ending.input ?? estimate.input,
                output: ending.output ?? (operation == .embeddings ? 0 : (reading?.textBytes ?? 0) / 4), estimated: true)
        }
        await end(ending, connection: permit, status: answer.status)
        let contentType = answer.headers["content-type"] ?? "application/json"
        return .answer(status: answer.status, headers: headers + [("Content-Type", contentType)], body: renamed(body))
    }

    /// The upstream's error as it sent it, when it is OpenAI's shape; its refusal of the
    /// connection's own credentials is the admin's to fix, not the client's, so it is a 502.
    private func failure(_ answer: UpstreamStream, body: [UInt8]) throws -> GatewayOutcome {
        if answer.status == 401 || answer.status == 403 {
            throw HangarError(
                .upstream, code: .upstreamUnauthorized,
                message:
                    "\(target.place) refused the connection's credentials (HTTP \(answer.status)); an admin must fix the API key of the connection '\(provider.name)'."
            )
        }
        var headers = self.headers
        if let retryAfter = answer.headers["retry-after"] { headers.append(("Retry-After", retryAfter)) }
        if RelayJSON.members(body)?["error"] != nil {
            return .answer(status: answer.status, headers: headers + [("Content-Type", "application/json")], body: body)
        }
        let said = target.redacted(String(decoding: body.prefix(1200), as: UTF8.self))
        let error = OpenAIError(
            status: answer.status, message: "\(target.place) answered HTTP \(answer.status)\(said.isEmpty ? "" : ": \(said)")",
            type: OpenAIError.type(of: answer.status), code: "upstream_error")
        return .answer(status: answer.status, headers: headers + [("Content-Type", "application/json")], body: error.bytes)
    }

    /// The answer with `model` set back to the name the client asked for.
    func renamed(_ body: [UInt8]) -> [UInt8] {
        guard let members = RelayJSON.members(body), members["model"] != nil else { return body }
        return RelayJSON.setting("model", to: RelayJSON.string(resolved.requested), in: body, members: members)
    }

    /// How a call ended, for its usage record.
    struct Ending: Sendable {
        var status: CallStatus
        var input: Int?
        var output: Int?
        var estimated = false
    }

    /// Gives the slots back and records the call; `ending` nil when it never reached the upstream.
    func end(_ ending: Ending?, connection permit: CallGovernor.Permit?, status: Int?) async {
        let used = ending.flatMap { ending in ending.input.flatMap { input in ending.output.map { input + $0 } } }
        if let permit { await service.governor.release(permit, tokens: used) }
        await service.governor.release(keyPermit, tokens: used)
        guard let ending else {
            await service.budget.cancel(reservation)
            return
        }
        let model = resolved.model
        let record = UsageRecord(
            id: UUID().uuidString.lowercased(), modelID: model.id, modelName: model.name, providerID: provider.id,
            apiName: model.apiName, purpose: operation == .embeddings ? "embedding" : "chat", inputTokens: ending.input,
            outputTokens: ending.output, latencyMS: (ContinuousClock.now - started).wholeMilliseconds, costInputPerMillion: prices.input,
            costOutputPerMillion: prices.output, costUSD: prices.cost(input: ending.input, output: ending.output),
            createdAt: Timestamp.format(service.now()), keyID: key.id, status: ending.status, estimated: ending.estimated)
        // Committed in a task of its own, after the answer: recorded even when the client's
        // task was cancelled (it left mid-stream).
        service.usage.record(GatewayUsage(record: record, reservation: reservation))
        GatewayMetrics.record(record, key: key, provider: provider, httpStatus: status)
    }
}

extension UpstreamError {
    var isTimeout: Bool {
        if case .timeout = self { return true }
        return false
    }
}

extension Duration {
    var wholeMilliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
