import Foundation

/// Loose JSON for tests that check a wire format key by key (explicit nulls, exact shapes),
/// which typed decoding would hide.
public enum JSON {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public static func parse(_ data: Data) throws -> Any {
        try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    public static func object(_ data: Data) throws -> [String: Any] {
        guard let object = try parse(data) as? [String: Any] else {
            throw Failure(description: "not a JSON object: \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return object
    }

    public static func array(_ data: Data) throws -> [[String: Any]] {
        guard let array = try parse(data) as? [[String: Any]] else {
            throw Failure(description: "not a JSON array of objects: \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return array
    }

    /// Serialises dictionaries, arrays, strings, numbers, booleans and `NSNull()`.
    public static func data(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
    }

    /// True when `object[key]` is present and JSON `null`.
    public static func isNull(_ object: [String: Any], _ key: String) -> Bool {
        object[key] is NSNull
    }
}
