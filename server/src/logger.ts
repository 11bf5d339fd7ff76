import pino from 'pino';
import { loadLogLevel } from './config.ts';

export const logger = pino({ level: loadLogLevel() });
