import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escapeHtml';

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters and keeps newlines as character references', () => {
    expect(escapeHtml(`a>=5 & b<3 "q" 'r'\nx`)).toBe('a&gt;=5 &amp; b&lt;3 &quot;q&quot; &#39;r&#39;&#10;x');
  });

  it('stringifies non-strings', () => {
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('null');
  });
});
