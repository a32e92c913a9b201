import { describe, expect, it } from 'vitest';
import { PASSWORD_POLICY, passwordProblem } from '../../../shared/admin/passwordPolicy';
import { checkNewPassword, isCommonPassword } from '../../../server/auth/passwordPolicy';

const ann = { username: 'annwright', displayName: 'Ann Wright' };
const never = () => false;

describe('the password policy', () => {
  it('length: refused just below the minimum, accepted at it and just above; refused above the maximum', () => {
    expect(PASSWORD_POLICY.minLength).toBe(10);
    expect(passwordProblem('kq7#vmz2p', ann, never)).toBe('Use at least 10 characters');
    expect(passwordProblem('kq7#vmz2pl', ann, never)).toBeNull();
    expect(passwordProblem('kq7#vmz2plx', ann, never)).toBeNull();
    expect(passwordProblem('k'.repeat(128) + 'q'.repeat(128), ann, never)).toBeNull();
    expect(passwordProblem('k'.repeat(129) + 'q'.repeat(128), ann, never)).toBe('Use at most 256 characters');
  });

  it('ten identical digits, or a simple run, are refused', () => {
    for (const weak of ['1111111111', 'aaaaaaaaaaaa', '0123456789', '9876543210', 'abcdefghijk']) {
      expect(passwordProblem(weak, ann, never), weak).toMatch(/one character repeated or a simple run/);
    }
  });

  it('a password holding the username or a part of the name is refused', () => {
    expect(passwordProblem('annwright-2026', ann, never)).toMatch(/username or name/);
    expect(passwordProblem('Wright-harbour', ann, never)).toMatch(/username or name/);
    // Name parts shorter than 3 letters are too common to forbid.
    expect(passwordProblem('quiet-harbour-lights', { username: 'jo', displayName: 'Jo Li' }, never)).toBeNull();
  });

  it('checks the shipped list of common passwords, also inside digits and signs people add around a word', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('qwertyuiop')).toBe(true);
    for (const common of ['qwertyuiop', 'Password123!', 'sunshine2026', '!!Dragon2026', 'baseball1234']) {
      expect(checkNewPassword(common, ann), common).toMatch(/commonly used/);
    }
    expect(checkNewPassword('lantern-orchard-47', ann)).toBeNull();
  });
});
