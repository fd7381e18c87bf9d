from fastapi import APIRouter

from app.core.config import settings
from app.services.llm import answer

router = APIRouter(prefix="/api")


@router.post("/ask")
async def ask(question: str) -> dict[str, str]:
    return {"project": settings.project_name, "answer": await answer(question)}
