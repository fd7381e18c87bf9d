from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    project_name: str = "support-desk"
    openai_api_key: str
    openai_model: str = "gpt-4o-mini"
    sentry_dsn: str | None = None
    helicone_api_key: str | None = None


settings = Settings()
