/// Decoding helpers that keep request bodies honest: unknown keys are refused, a non-nullable
/// field sent as `null` is refused (not taken as "absent"), and nullable fields of a PATCH
/// tell "absent" apart from "null".
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int?
    public init(_ string: String) {
        self.stringValue = string
        self.intValue = nil
    }
    public init?(stringValue: String) { self.init(stringValue) }
    public init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// The value of a nullable field in a PATCH body: present with a value, or present as null.
/// An absent field is `nil` around it.
public enum PatchValue<Wrapped: Sendable & Hashable>: Sendable, Hashable {
    case clear
    case set(Wrapped)

    public var value: Wrapped? {
        if case .set(let wrapped) = self { return wrapped }
        return nil
    }
}

extension Decoder {
    /// Throws when the body holds a key outside `known`, so typos never pass silently.
    public func rejectUnknownKeys<Key: CodingKey & CaseIterable>(_: Key.Type) throws {
        let known = Set(Key.allCases.map(\.stringValue))
        let container = try self.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath + [key], debugDescription: "is not a known field"))
        }
    }
}

extension KeyedDecodingContainer {
    /// Absent → nil; explicit null → error, because the field is not nullable.
    public func strict<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) {
            throw DecodingError.valueNotFound(
                T.self, .init(codingPath: codingPath + [key], debugDescription: "must not be null"))
        }
        return try decode(T.self, forKey: key)
    }

    public func required<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let value = try strict(T.self, forKey: key) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath + [key], debugDescription: "is required"))
        }
        return value
    }

    /// Absent → nil; null → `.clear`; a value → `.set(value)`.
    public func patch<T: Decodable & Sendable & Hashable>(_ type: T.Type, forKey key: Key) throws -> PatchValue<T>? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try decode(T.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    public mutating func encode<T: Encodable>(patch value: PatchValue<T>?, forKey key: Key) throws {
        switch value {
        case nil: break
        case .clear: try encodeNil(forKey: key)
        case .set(let wrapped): try encode(wrapped, forKey: key)
        }
    }
}
