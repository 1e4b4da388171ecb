import Foundation

/// What the gateway reads of a client's call: the model it names, whether it streams and
/// asked for usage, and its token cap. Everything else in the body passes through as written.
struct RelayRequest: Sendable {
    let body: [UInt8]
    let members: [String: Range<Int>]
    let model: String
    let stream: Bool
    /// The client set `stream_options.include_usage`: the usage chunk is its to see.
    let clientWantsUsage: Bool
    let maxTokens: Int?

    init(_ body: [UInt8]) throws(OpenAIError) {
        guard let members = RelayJSON.members(body) else {
            throw Self.invalid("The body must be one JSON object, as the OpenAI API expects.", param: nil)
        }
        self.body = body
        self.members = members
        guard let range = members["model"], let model = RelayJSON.text(body[range]), !model.isEmpty else {
            throw Self.invalid("You must provide a model parameter: a model's id, provider/api_name, or default.", param: "model")
        }
        self.model = model
        if let range = members["stream"] {
            guard let stream = RelayJSON.boolean(body[range]) else {
                throw Self.invalid("'stream' must be true or false.", param: "stream")
            }
            self.stream = stream
        } else {
            stream = false
        }
        clientWantsUsage =
            members["stream_options"].flatMap { Self.object(body[$0]) }.map { ($0["include_usage"] as? Bool) == true } ?? false
        var cap: Int?
        for field in ["max_completion_tokens", "max_tokens"] {
            guard let range = members[field], !body[range].elementsEqual("null".utf8) else { continue }
            guard let value = RelayJSON.integer(body[range]) else {
                throw Self.invalid("'\(field)' must be an integer.", param: field)
            }
            cap = value
        }
        maxTokens = cap
    }

    /// The body for the upstream: `model` set to the catalog's API name and, on a stream whose
    /// upstream takes the option, `stream_options.include_usage` so the call can be counted.
    func upstreamBody(apiName: String, askUsage: Bool) -> [UInt8] {
        var body = RelayJSON.setting("model", to: RelayJSON.string(apiName), in: self.body, members: members)
        guard stream, askUsage, !clientWantsUsage, let bodyMembers = RelayJSON.members(body) else { return body }
        var options = bodyMembers["stream_options"].flatMap { Self.object(body[$0]) } ?? [:]
        options["include_usage"] = true
        let value = (try? JSONSerialization.data(withJSONObject: options, options: [.sortedKeys])).map(Array.init) ?? []
        body = RelayJSON.setting("stream_options", to: value, in: body, members: bodyMembers)
        return body
    }

    private static func object(_ bytes: ArraySlice<UInt8>) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }

    static func invalid(_ message: String, param: String?) -> OpenAIError {
        OpenAIError(status: 400, message: message, type: "invalid_request_error", code: "bad_request", param: param)
    }
}
