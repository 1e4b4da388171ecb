import GraphQL

/// A response as the GraphQL specification words it: once execution has begun, `data` is
/// present (null when an error reached the root); an error has `path` only when a field
/// failed, and `locations` only when it points into the query.
struct GraphQLResponse: Encodable {
    var result: GraphQLResult
    var executed: Bool

    enum CodingKeys: String, CodingKey { case errors, data }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !result.errors.isEmpty { try container.encode(result.errors.map(ErrorEntry.init), forKey: .errors) }
        if let data = result.data {
            try container.encode(data, forKey: .data)
        } else if executed {
            try container.encodeNil(forKey: .data)
        }
    }

    struct ErrorEntry: Encodable {
        let error: GraphQLError

        enum CodingKeys: String, CodingKey { case message, locations, path, extensions }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(error.message, forKey: .message)
            if !error.locations.isEmpty { try container.encode(error.locations, forKey: .locations) }
            if !error.path.elements.isEmpty { try container.encode(error.path, forKey: .path) }
            if !error.extensions.isEmpty { try container.encode(error.extensions, forKey: .extensions) }
        }
    }
}
