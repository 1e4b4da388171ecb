import Foundation

/// The message inside an error body, as the APIs Hangar talks to write it: OpenAI and Azure
/// `{"error":{"message","code"}}`, Ollama `{"error":"…"}`, Mistral `{"message":"…"}` (or, on a
/// 422, `{"message":{"detail":[{"msg"}]}}`), and the `{"detail":…}` of FastAPI-based servers.
/// The text is the upstream's as is: redact it before showing it.
package struct UpstreamErrorBody: Sendable, Hashable {
    package var message: String?
    /// A machine code beside the message (`DeploymentNotFound`, `model_not_found`), when the
    /// upstream names one that is not just the HTTP status again.
    package var code: String?

    /// Nil when `body` is not a JSON object.
    package init?(_ body: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return nil }
        switch object["error"] {
        case let text as String:
            message = text
        case let nested as [String: Any]:
            message = Self.text(nested["message"])
            code = Self.code(nested["code"])
        default:
            message = Self.text(object["message"]) ?? Self.text(object["detail"])
            code = Self.code(object["code"])
        }
        if let text = message?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            message = text
        } else {
            message = nil
        }
    }

    /// A string, or the `msg` of each entry of a validation `detail` list, joined.
    private static func text(_ value: Any?) -> String? {
        switch value {
        case let text as String:
            return text
        case let nested as [String: Any]:
            return text(nested["detail"]) ?? text(nested["message"])
        case let list as [Any]:
            let parts = list.compactMap { entry -> String? in
                guard let entry = entry as? [String: Any], let message = entry["msg"] as? String else { return nil }
                let location = (entry["loc"] as? [Any])?.map { "\($0)" }.joined(separator: ".")
                return location.map { "\($0): \(message)" } ?? message
            }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        default:
            return nil
        }
    }

    private static func code(_ value: Any?) -> String? {
        guard let text = value as? String, !text.isEmpty, Int(text) == nil else { return nil }
        return text
    }
}
