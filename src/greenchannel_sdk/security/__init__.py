"""Security primitives (S20, S21): field encryption, keys, blind indexes, permissions,
masking and signed transport.

Each module does one job and is called by the storage layer, the engine or
a channel plugin; none of them touches a database.  See ``docs/security.md``.
"""

from .blind_index import BlindIndexer
from .cipher import TOKEN_VERSION, FieldCipher, token_key_id
from .data_keys import DATA_KEY_PREFIX, DataKeyring, WrappedDataKey
from .errors import DataErased, DecryptionError, KeyNotFound
from .identifiers import IdentifierKind, normalise
from .keys import BLIND_INDEX_KEY_ID, KEY_BYTES, SettingsKeyProvider, generate_key
from .masking import (
    MASKERS,
    mask_account_number,
    mask_address,
    mask_email,
    mask_id_number,
    mask_name,
    mask_openid,
    mask_phone,
    masked_identity,
)
from .permissions import (
    COMMAND_PERMISSIONS,
    DEFAULT_PERMISSIONS,
    DEFAULT_SCOPED_ROLES,
    AccessScope,
    Authorizer,
    Permission,
    Role,
)
from .plugin import SettingsKeyProviderPlugin
from .signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    MemoryReplayGuard,
    ReplayGuard,
    WebhookSigner,
    WebhookVerifier,
)

__all__ = [
    "BLIND_INDEX_KEY_ID",
    "COMMAND_PERMISSIONS",
    "DATA_KEY_PREFIX",
    "DEFAULT_PERMISSIONS",
    "DEFAULT_SCOPED_ROLES",
    "KEY_BYTES",
    "MASKERS",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "TOKEN_VERSION",
    "AccessScope",
    "Authorizer",
    "BlindIndexer",
    "DataErased",
    "DataKeyring",
    "DecryptionError",
    "FieldCipher",
    "IdentifierKind",
    "KeyNotFound",
    "MemoryReplayGuard",
    "Permission",
    "ReplayGuard",
    "Role",
    "SettingsKeyProvider",
    "SettingsKeyProviderPlugin",
    "WebhookSigner",
    "WebhookVerifier",
    "WrappedDataKey",
    "generate_key",
    "mask_account_number",
    "mask_address",
    "mask_email",
    "mask_id_number",
    "mask_name",
    "mask_openid",
    "mask_phone",
    "masked_identity",
    "normalise",
    "token_key_id",
]
