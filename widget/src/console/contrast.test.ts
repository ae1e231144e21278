import { expect } from '@open-wc/testing';
import { AA_TEXT, contrastChecks, contrastRatio, parseColor } from './contrast.js';

const failing = (checks: ReturnType<typeof contrastChecks>) =>
  checks.filter((check) => check.ratio === null || check.ratio < AA_TEXT).map((check) => check.label);

describe('contrast', () => {
  it('reads hex and rgb() colours, and nothing else', () => {
    expect(parseColor('#fff')).to.deep.equal([255, 255, 255]);
    expect(parseColor(' #C2410C ')).to.deep.equal([194, 65, 12]);
    expect(parseColor('rgb(1, 2, 3)')).to.deep.equal([1, 2, 3]);
    expect(parseColor('rgb(256, 0, 0)')).to.equal(null);
    expect(parseColor('red')).to.equal(null);
    expect(parseColor('#ffff')).to.equal(null);
    expect(parseColor('var(--brand)')).to.equal(null);
  });

  it('computes the WCAG ratio, either way round', () => {
    expect(contrastRatio('#000', '#fff')).to.be.closeTo(21, 0.001);
    expect(contrastRatio('#fff', '#fff')).to.equal(1);
    // Known values: #767676 on white is the lightest grey that passes AA, #777 just fails.
    expect(contrastRatio('#767676', '#ffffff')).to.be.closeTo(4.54, 0.01);
    expect(contrastRatio('#ffffff', '#777777')).to.be.closeTo(4.48, 0.01);
    expect(contrastRatio('red', '#fff')).to.equal(null);
  });

  it('passes the widget’s defaults in both palettes', () => {
    expect(failing(contrastChecks({}))).to.deep.equal([]);
    expect(failing(contrastChecks({ mode: 'dark' }))).to.deep.equal([]);
    expect(contrastChecks({ mode: 'auto' })).to.have.length(6);
  });

  it('flags a light primary under white labels and on a white background; a darker one passes', () => {
    expect(failing(contrastChecks({ colorPrimary: '#fde047' }))).to.deep.equal([
      'Text on the primary colour',
      'Primary colour on the background',
    ]);
    expect(failing(contrastChecks({ colorPrimary: '#c2410c' }))).to.deep.equal([]);
    // Dark labels fix the buttons, not the primary colour used as text on white.
    expect(failing(contrastChecks({ colorPrimary: '#fde047', colorOnPrimary: '#1e293b' }))).to.deep.equal([
      'Primary colour on the background',
    ]);
  });

  it('checks a dark theme against the dark palette, and names the palette under auto', () => {
    expect(failing(contrastChecks({ mode: 'dark', colorPrimary: '#1d4ed8' }))).to.include(
      'Primary colour on the background',
    );
    expect(failing(contrastChecks({ mode: 'auto', colorPrimary: '#1d4ed8' }))).to.deep.equal([
      'Text on the primary colour (dark)',
      'Primary colour on the background (dark)',
    ]);
  });

  it('says when a colour cannot be checked', () => {
    const [onPrimary] = contrastChecks({ colorPrimary: 'rebeccapurple' });
    expect(onPrimary!.ratio).to.equal(null);
  });
});
