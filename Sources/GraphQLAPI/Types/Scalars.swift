import GraphQL

/// GraphQL's `ID`: a string on the wire. An integer literal or variable is read as its digits,
/// as the specification allows.
struct GraphQLID: Codable, Sendable, Hashable {
    var value: String

    init(_ value: String) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else {
            value = String(try container.decode(Int.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension Optional where Wrapped == String {
    var graphQLID: GraphQLID? { map(GraphQLID.init) }
}
