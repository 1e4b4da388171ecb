import Foundation
import GraphQL
import HangarCore

/// One system setting as seed 003's key-value table shows it: the REST key and its value in
/// effect, as JSON.
struct SystemSetting: Sendable {
    var key: String
    var value: Map

    /// Every setting of `settings`, in REST's key order.
    static func all(_ settings: SystemSettings) throws -> [SystemSetting] {
        let object = try MapDecoder().decode(Map.self, from: try MapEncoder().encode(settings))
        return SystemSettings.Key.allCases.map { key in
            SystemSetting(key: key.rawValue, value: object.dictionary?[key.rawValue] ?? .null)
        }
    }

    /// The patch that sets `key` to `value`, read by REST's own decoder so the same values are
    /// accepted and refused.
    static func patch(key: String, value: Map) throws -> SettingsPatch {
        guard SystemSettings.Key(rawValue: key) != nil else {
            let keys = SystemSettings.Key.allCases.map(\.rawValue).joined(separator: ", ")
            throw HangarError.validation(["key": .invalid("Unknown setting '\(key.prefix(80))'; use one of \(keys).")])
        }
        let body = try JSONEncoder().encode([key: value])
        do {
            return try JSONDecoder().decode(SettingsPatch.self, from: body)
        } catch {
            throw HangarError.validation(["value": .invalid("This is not a valid value for \(key); see GET /api/settings for its shape.")])
        }
    }
}
