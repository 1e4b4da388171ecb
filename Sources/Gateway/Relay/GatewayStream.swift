import Governance
import HangarCore
import Upstream

/// A streamed answer, relayed event by event as the upstream sends it: nothing is held back
/// but the usage chunk the client did not ask for. `model` in each event is set back to the
/// name the client asked for. The call is recorded once the stream ends, the upstream fails,
/// or the client leaves: its connection closing before the answer ended stops the relay, which
/// closes the upstream connection, so the upstream stops generating.
public struct GatewayStream: Sendable {
    let call: GatewayCall
    let answer: UpstreamStream
    let permit: CallGovernor.Permit

    /// The client went away: a write to it failed.
    public struct ClientGone: Error {
        public init() {}
    }

    /// Relays every event through `write`, then records the call. Returns when the stream is
    /// over; never throws (a failure mid-stream is sent to the client as an error event).
    /// `whenClientLeaves` runs its argument if the client's connection closes, until the
    /// function it returns is called.
    public func relay(
        _ write: @escaping @Sendable ([UInt8]) async throws -> Void,
        whenClientLeaves: (@escaping @Sendable () -> Void) -> @Sendable () -> Void
    ) async {
        let ended = Latch()
        let pump = Task { await self.pump(write, ended: ended) }
        // Once the answer has ended, a client that closes at once (as SDKs do after `[DONE]`)
        // does not cut the upstream's last bytes short.
        let stopWatching = whenClientLeaves {
            if !ended.isOpen { pump.cancel() }
        }
        let state = await withTaskCancellationHandler {
            await pump.value
        } onCancel: {
            pump.cancel()
        }
        stopWatching()
        let counted = state.usage
        let ending = GatewayCall.Ending(
            status: state.status, input: counted?.promptTokens ?? call.estimate.input,
            output: counted?.completionTokens ?? state.textBytes / 4,
            estimated: counted?.promptTokens == nil || counted?.completionTokens == nil)
        await call.end(ending, connection: permit, status: answer.status)
    }

    private func pump(_ write: @Sendable ([UInt8]) async throws -> Void, ended: Latch) async -> State {
        var state = State()
        defer { ended.open() }
        do {
            for try await piece in answer.pieces() {
                for event in try state.splitter.feed(piece.readableBytesView) {
                    guard let out = transform(event, &state) else { continue }
                    do { try await write(out) } catch { throw ClientGone() }
                    if state.ended { ended.open() }
                }
            }
            let rest = state.splitter.rest()
            if !rest.isEmpty {
                do { try await write(rest) } catch { throw ClientGone() }
            }
        } catch is ClientGone {
            state.leave()
        } catch is CancellationError {
            state.leave()
        } catch {
            if Task.isCancelled {
                state.leave()
            } else {
                state.status = .error
                let sentence: String
                if error is EventSplitter.TooLong {
                    sentence = "\(call.target.place) sent an event longer than 1 MiB; the stream was stopped."
                } else {
                    sentence = call.target.sentence(answer.classify(error), timeout: call.service.headTimeout)
                }
                let failure = OpenAIError(status: 502, message: sentence, type: "server_error", code: "upstream_error")
                try? await write(Array("data: ".utf8) + failure.bytes + Array("\n\n".utf8))
            }
        }
        return state
    }

    struct State {
        var splitter = EventSplitter()
        var usage: RelayUsage?
        var textBytes = 0
        var status = CallStatus.ok
        /// `[DONE]` or an error event reached the client: the answer is over, whatever comes
        /// after (a client that closes at once cancels the wait for the upstream's last bytes).
        var ended = false

        /// The client left: the call was cut short, unless its answer had already ended.
        mutating func leave() {
            if !ended { status = .cancelled }
        }
    }

    /// The event as the client gets it, or nil to drop it.
    private func transform(_ event: [UInt8], _ state: inout State) -> [UInt8]? {
        guard let data = EventSplitter.data(of: event) else { return event }
        if data.elementsEqual("[DONE]".utf8) { state.ended = true }
        guard data.first == UInt8(ascii: "{"), let reading = RelayUsage.read(data) else { return event }
        if let usage = reading.usage { state.usage = usage }
        if reading.hasError {
            state.status = .error
            state.ended = true
        }
        state.textBytes += reading.textBytes
        if reading.isUsageOnly && !call.request.clientWantsUsage { return nil }
        let payload = Array(data)
        let renamed = call.renamed(payload)
        return renamed == payload ? event : Array("data: ".utf8) + renamed + Array("\n\n".utf8)
    }
}
