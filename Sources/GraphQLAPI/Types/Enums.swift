import HangarCore

/// GraphQL enums use upper-case values (`ACTIVE`, `AZURE_OPENAI`) where REST uses the stored
/// lower-case ones; each mirrors its catalog enum value for value.
protocol MirroredEnum: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {
    associatedtype Core: RawRepresentable where Core.RawValue == String
}

extension MirroredEnum {
    init(_ core: Core) {
        // Every catalog value has its mirror; the enums are written side by side.
        self.init(rawValue: core.rawValue.uppercased().replacingOccurrences(of: "-", with: "_"))!
    }

    var core: Core {
        Core(rawValue: rawValue.lowercased().replacingOccurrences(of: "_", with: "-"))!
    }
}

enum LlmProviderKind: String, MirroredEnum {
    typealias Core = ProviderKind
    case mistral = "MISTRAL"
    case openai = "OPENAI"
    case azureOpenai = "AZURE_OPENAI"
    case ollama = "OLLAMA"
    case openaiCompatible = "OPENAI_COMPATIBLE"
    case local = "LOCAL"
}

enum LlmModelKind: String, MirroredEnum {
    typealias Core = ModelKind
    case hosted = "HOSTED"
    case local = "LOCAL"
}

enum LlmModelStatus: String, MirroredEnum {
    typealias Core = ModelStatus
    case active = "ACTIVE"
    case deprecated = "DEPRECATED"
}

enum LlmDownloadStatus: String, MirroredEnum {
    typealias Core = DownloadStatus
    case pending = "PENDING"
    case downloading = "DOWNLOADING"
    case downloaded = "DOWNLOADED"
    case failed = "FAILED"
    case canceled = "CANCELED"
}

enum LlmModelPurpose: String, MirroredEnum {
    typealias Core = ModelPurpose
    case chat = "CHAT"
    case code = "CODE"
    case embedding = "EMBEDDING"
    case vision = "VISION"
}
