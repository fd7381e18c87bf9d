from functools import lru_cache
from typing import Optional

from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    """App settings."""

    openai_api_key: str = Field(..., validation_alias="OPENAI_API_KEY")
    org: Optional[str] = None
    helicone_api_key: Optional[str] = Field(default=None, validation_alias="HELICONE_API_KEY")

    class Config:
        env_prefix = "SHOP_"
        env_file = ".env"


@lru_cache
def get_settings() -> Settings:
    return Settings()
