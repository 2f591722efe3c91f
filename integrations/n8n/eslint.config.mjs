import { config } from '@n8n/node-cli/eslint';

// n8n-node's own configuration, as `n8n-node new` writes it, for the nodes and the credential.
// The tests (test/) are not published with the nodes, so n8n Cloud's limits on what a node may
// import do not apply to them; every other rule does.
export default [
	...config,
	{
		files: ['test/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
		},
	},
];
