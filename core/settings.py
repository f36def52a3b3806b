"""One settings object, read from the environment (ANSVARSGRAF_*) at the edges only.

The CLI and the API read it; the library takes plain arguments.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ansvarsgraf.errors import SettingsError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ANSVARSGRAF_", extra="ignore")

    store: str = Field("./ansvarsgraf-data", description="a folder (LadybugDB), neo4j://… or memory:")
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    batch_size: int = Field(5000, ge=1, description="rows per UNWIND batch")
    max_file_mb: float = Field(100.0, gt=0, description="largest document the loaders read")
    doc_timeout_s: float = Field(120.0, gt=0, description="time budget to read one document")
    max_upload_mb: float = Field(25.0, gt=0, description="largest upload POST /documents takes")
    api_token: str | None = Field(None, description="if set, uploads need 'Authorization: Bearer <token>'")
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed by CORS")

    @field_validator("store")
    @classmethod
    def _store_not_empty(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("ANSVARSGRAF_STORE is empty; give a folder or a neo4j:// URI")
        return v.strip()

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    def store_options(self) -> dict[str, object]:
        return {"user": self.neo4j_user, "password": self.neo4j_password,
                "database": self.neo4j_database, "batch_size": self.batch_size}


@lru_cache
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as e:
        err = e.errors()[0]
        name = "ANSVARSGRAF_" + str(err["loc"][0]).upper() if err["loc"] else "ANSVARSGRAF_*"
        raise SettingsError(f"{name}: {err['msg']}") from None
