import HangarCore

/// Ollama's own JSON, as `api/types.go` writes it. Decoding is lenient about what Hangar does
/// not use: fields Ollama adds in later versions are ignored, and absent ones become nil.
enum OllamaWire {
    struct Details: Decodable {
        var format: String?
        var family: String?
        var families: [String]?
        var parameterSize: String?
        var quantizationLevel: String?

        enum CodingKeys: String, CodingKey {
            case format, family, families
            case parameterSize = "parameter_size"
            case quantizationLevel = "quantization_level"
        }
    }

    struct Tags: Decodable {
        var models: [ListedModel]?
    }

    struct ListedModel: Decodable {
        var name: String
        var modifiedAt: String?
        var size: Int64?
        var digest: String?
        var details: Details?

        enum CodingKeys: String, CodingKey {
            case name
            case modifiedAt = "modified_at"
            case size, digest, details
        }
    }

    struct Show: Decodable {
        var license: String?
        var modelfile: String?
        var parameters: String?
        var template: String?
        var system: String?
        var details: Details?
        var modelInfo: [String: JSONValue]?
        var capabilities: [String]?
        var modifiedAt: String?

        enum CodingKeys: String, CodingKey {
            case license, modelfile, parameters, template, system, details
            case modelInfo = "model_info"
            case capabilities
            case modifiedAt = "modified_at"
        }
    }

    struct Process: Decodable {
        var models: [RunningModel]?
    }

    struct RunningModel: Decodable {
        var name: String
        var size: Int64?
        var sizeVRAM: Int64?
        var digest: String?
        var details: Details?
        var expiresAt: String?
        var contextLength: Int?

        enum CodingKeys: String, CodingKey {
            case name, size
            case sizeVRAM = "size_vram"
            case digest, details
            case expiresAt = "expires_at"
            case contextLength = "context_length"
        }
    }

    struct Generation: Decodable {
        var done: Bool?
        var doneReason: String?
        var loadDuration: Double?

        enum CodingKeys: String, CodingKey {
            case done
            case doneReason = "done_reason"
            case loadDuration = "load_duration"
        }
    }

    /// One line of a pull stream: progress, or `{"error": …}` at any point.
    struct ProgressLine: Decodable {
        var status: String?
        var digest: String?
        var total: Int64?
        var completed: Int64?
        var error: String?
    }

    struct ErrorBody: Decodable {
        var error: String?
    }
}
