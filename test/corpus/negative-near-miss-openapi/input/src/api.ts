import { OpenAPI } from 'openapi-types';
import OpenAI from './my-openai-wrapper';
export const spec: OpenAPI.Document | undefined = undefined;
export const w = new OpenAI();
