/// What the gateway answers a call with: a whole answer, or a stream whose events are relayed
/// as the upstream sends them.
public enum GatewayOutcome: Sendable {
    case answer(status: Int, headers: [(String, String)], body: [UInt8])
    case stream(headers: [(String, String)], GatewayStream)
}
