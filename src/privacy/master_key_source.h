#pragma once
// Where the field-encryption master key comes from, chosen by one configuration string:
//   "base64:<key>"                 the key itself (base64 of 32 bytes) — simplest, for small setups
//   "file:<path>"                  a file holding the base64 key (e.g. a mounted Docker/K8s secret)
//   "aws-secretsmanager:<id|arn>"  a Secrets Manager secret whose SecretString is the base64 key,
//                                  or a JSON object with a "master_key" field holding it
// Make a key with `openssl rand -base64 32`. Messages never echo key material.

#include <string>
#include <string_view>

#include "core/result.h"
#include "privacy/aws_secrets_manager.h"
#include "privacy/keyring.h"

namespace leados::privacy {

enum class MasterKeySourceKind { kValue, kFile, kAwsSecretsManager };

struct MasterKeySource {
  MasterKeySourceKind kind = MasterKeySourceKind::kValue;
  std::string value;  // the base64 key, the path, or the secret id
};

// Parses the configuration string above. Errors: kInvalidArgument listing the accepted forms.
core::Result<MasterKeySource> ParseMasterKeySource(std::string_view spec);

// Reads the key. `secrets_manager` is needed only for kAwsSecretsManager (else may be null).
// Errors: those of MasterKey::FromBase64, kNotFound for an unreadable file, and the client's.
core::Result<MasterKey> LoadMasterKey(const MasterKeySource& source,
                                      const AwsSecretsManagerClient* secrets_manager);

}  // namespace leados::privacy
