import { describe, expect, test } from '@jest/globals';
import { locateBlocks, parseTerraform } from '../../src/parse/terraform.js';

describe('locateBlocks', () => {
  test('top-level blocks with labels and line ranges; braces in strings, interpolations, comments and heredocs do not count', () => {
    const text = [
      '# resource "a" "b" {',
      'resource "aws_eks_cluster" "main" {',
      '  name = "x}"',
      '  tags = { a = "${lookup(var.m, "}")}" }',
      '  /* } */',
      '  policy = <<-EOT',
      '    }',
      '    EOT',
      '}',
      'locals {}',
      'module "eks" {',
      '  source = "terraform-aws-modules/eks/aws" // }',
      '}',
    ].join('\n');
    expect(locateBlocks(text).map((b) => [b.type, b.labels, b.line, b.endLine])).toEqual([
      ['resource', ['aws_eks_cluster', 'main'], 2, 9],
      ['locals', [], 10, 10],
      ['module', ['eks'], 11, 13],
    ]);
  });
});

describe('parseTerraform', () => {
  test('attaches the hcl2json body to each block', async () => {
    const model = await parseTerraform('main.tf', 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n}\n');
    expect(model.error).toBeUndefined();
    expect(model.blocks[0]!.body?.source).toBe('terraform-aws-modules/eks/aws');
  });

  test('an invalid file keeps the scanned blocks and reports the error', async () => {
    const model = await parseTerraform('bad.tf', 'resource "helm_release" "a" {\n  name = \n}\n');
    expect(model.error).toBeDefined();
    expect(model.blocks.map((b) => b.labels)).toEqual([['helm_release', 'a']]);
  });
});
