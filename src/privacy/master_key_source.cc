#include "privacy/master_key_source.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "core/json.h"

namespace leados::privacy {

core::Result<MasterKeySource> ParseMasterKeySource(std::string_view spec) {
  struct Form {
    std::string_view prefix;
    MasterKeySourceKind kind;
  };
  for (const Form& form :
       {Form{"base64:", MasterKeySourceKind::kValue}, Form{"file:", MasterKeySourceKind::kFile},
        Form{"aws-secretsmanager:", MasterKeySourceKind::kAwsSecretsManager}}) {
    if (spec.starts_with(form.prefix) && spec.size() > form.prefix.size()) {
      return MasterKeySource{form.kind, std::string(spec.substr(form.prefix.size()))};
    }
  }
  return core::InvalidArgument(
      "the master key source must be 'base64:<key>', 'file:<path>' or "
      "'aws-secretsmanager:<secret id>'");
}

core::Result<MasterKey> LoadMasterKey(const MasterKeySource& source,
                                      const AwsSecretsManagerClient* secrets_manager) {
  switch (source.kind) {
    case MasterKeySourceKind::kValue: return MasterKey::FromBase64(source.value);
    case MasterKeySourceKind::kFile: {
      std::ifstream in(source.value, std::ios::binary);
      if (!in) {
        return core::NotFound(fmt::format(
            "cannot read the master key file '{}': check the path and permissions", source.value));
      }
      std::ostringstream text;
      text << in.rdbuf();
      auto key = MasterKey::FromBase64(text.str());
      if (!key) {
        return core::Fail(key.error().code, fmt::format("master key file '{}': {}", source.value,
                                                        key.error().message));
      }
      return key;
    }
    case MasterKeySourceKind::kAwsSecretsManager: {
      if (secrets_manager == nullptr) {
        return core::Fail(core::ErrorCode::kFailedPrecondition,
                          "the master key is in AWS Secrets Manager but no AWS region and "
                          "credentials are configured");
      }
      auto secret = secrets_manager->GetSecretValue(source.value);
      if (!secret) return core::Fail(secret.error());
      std::string base64 = *secret;
      if (!base64.empty() && base64.front() == '{') {
        auto doc = core::ParseJsonObject(base64);
        if (!doc) {
          return core::InvalidArgument(
              fmt::format("secret '{}' is JSON but not an object", source.value));
        }
        base64 = core::StringOr(*doc, "master_key");
        if (base64.empty()) {
          return core::InvalidArgument(fmt::format(
              "secret '{}' is a JSON object without a \"master_key\" field", source.value));
        }
      }
      auto key = MasterKey::FromBase64(base64);
      if (!key) {
        return core::Fail(key.error().code,
                          fmt::format("secret '{}': {}", source.value, key.error().message));
      }
      return key;
    }
  }
  return core::Internal("unknown master key source");
}

}  // namespace leados::privacy
