extension CatalogModel {
    /// The same object `encode(to:)` produces, in declaration order, for the list page's
    /// hand-written response. A field added here must be added to `encode(to:)` too; the
    /// wire-format tests compare the two.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("id"); json.string(id)
        json.key("provider_id"); json.string(providerID)
        json.key("provider_kind"); json.string(providerKind.rawValue)
        json.key("kind"); json.string(kind.rawValue)
        json.key("name"); json.string(name)
        json.key("api_name"); json.string(apiName)
        json.key("context_window"); json.number(contextWindow)
        json.key("max_output_tokens"); json.number(maxOutputTokens)
        json.key("temperature_default"); json.number(temperatureDefault)
        json.key("is_builtin"); json.bool(isBuiltin)
        json.key("is_default"); json.bool(isDefault)
        json.key("status"); json.string(status.rawValue)
        json.key("replacement_model_id"); json.string(replacementModelID)
        json.key("cost_input_per_million"); json.number(costInputPerMillion)
        json.key("cost_output_per_million"); json.number(costOutputPerMillion)
        json.key("last_used_at"); json.string(lastUsedAt)
        json.key("hf_repo"); json.string(hfRepo)
        json.key("hf_revision"); json.string(hfRevision)
        json.key("model_file"); json.string(modelFile)
        json.key("download_status"); json.string(downloadStatus?.rawValue)
        json.key("downloaded"); json.bool(downloaded)
        json.key("downloaded_at"); json.string(downloadedAt)
        json.key("local_path"); json.string(localPath)
        json.key("file_size_bytes"); json.number(fileSizeBytes)
        json.key("checksum"); json.string(checksum)
        json.key("gguf")
        if let gguf {
            json.beginObject()
            json.key("architecture"); json.string(gguf.architecture)
            json.key("parameter_count"); json.number(gguf.parameterCount)
            json.key("quantization"); json.string(gguf.quantization)
            json.key("context_length"); json.number(gguf.contextLength)
            json.endObject()
        } else {
            json.null()
        }
        json.key("hf_token_configured"); json.bool(hfTokenConfigured)
        json.key("download_error"); json.string(downloadError)
        json.key("created_at"); json.string(createdAt)
        json.key("updated_at"); json.string(updatedAt)
        json.endObject()
    }
}
