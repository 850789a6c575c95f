import { defineConfig } from 'vitest/config';
import { baseConfig } from '../../vitest.config.base.ts';

export default defineConfig(baseConfig);
