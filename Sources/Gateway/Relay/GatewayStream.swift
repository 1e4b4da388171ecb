import Governance
import HangarCore
import Upstream

/// A streamed answer, relayed event by event as the upstream sends it: nothing is held back
/// but the usage chunk the client did not ask for. `model` in each event is set back to the
/// name the client asked for. The call is recorded once the stream ends, the upstream fails,
/// or the client leaves (cancelling the relay closes the upstream connection).
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
    public func relay(_ write: @Sendable ([UInt8]) async throws -> Void) async {
        var state = State()
        do {
            for try await piece in answer.pieces() {
                for event in try state.splitter.feed(piece.readableBytesView) {
                    guard let out = transform(event, &state) else { continue }
                    do { try await write(out) } catch { throw ClientGone() }
                }
            }
            let rest = state.splitter.rest()
            if !rest.isEmpty {
                do { try await write(rest) } catch { throw ClientGone() }
            }
        } catch is ClientGone {
            state.status = .cancelled
        } catch is CancellationError {
            state.status = .cancelled
        } catch {
            if Task.isCancelled {
                state.status = .cancelled
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
        let counted = state.usage
        let ending = GatewayCall.Ending(
            status: state.status, input: counted?.promptTokens ?? call.estimate.input,
            output: counted?.completionTokens ?? state.textBytes / 4,
            estimated: counted?.promptTokens == nil || counted?.completionTokens == nil)
        await call.end(ending, connection: permit, status: answer.status)
    }

    struct State {
        var splitter = EventSplitter()
        var usage: RelayUsage?
        var textBytes = 0
        var status = CallStatus.ok
    }

    /// The event as the client gets it, or nil to drop it.
    private func transform(_ event: [UInt8], _ state: inout State) -> [UInt8]? {
        guard let data = EventSplitter.data(of: event), data.first == UInt8(ascii: "{") else { return event }
        guard let reading = RelayUsage.read(data) else { return event }
        if let usage = reading.usage { state.usage = usage }
        if reading.error != nil { state.status = .error }
        state.textBytes += reading.textBytes
        if reading.isUsageOnly && !call.request.clientWantsUsage { return nil }
        let payload = Array(data)
        let renamed = call.renamed(payload)
        return renamed == payload ? event : Array("data: ".utf8) + renamed + Array("\n\n".utf8)
    }
}
