import { Button, Card, List, Tag, Typography } from 'antd';
import { text } from '../../i18n';

const t = text.modeler;

/** A problem of the diagram: a lint rule's finding, or the server compiler's refusal on deploy. */
export interface Problem {
  elementId?: string;
  message: string;
  severity: 'error' | 'warning';
  source: 'lint' | 'server';
}

/** The diagram's problems, one a row; a row's element id selects the element on the canvas. */
export function ProblemsPanel({ problems, onSelect }: { problems: Problem[]; onSelect: (elementId: string) => void }) {
  return (
    <Card size="small" title={`${t.problems}${text.punctuation.paren(`${problems.length}`)}`} className="modeler-problems" style={{ marginTop: 12 }}>
      {problems.length === 0 ? (
        <Typography.Text type="secondary">{t.noProblems}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={problems}
          renderItem={(problem, index) => (
            <List.Item key={index} data-testid="modeler-problem">
              <Tag color={problem.severity === 'error' ? 'red' : 'gold'}>{problem.severity === 'error' ? t.error : t.warning}</Tag>
              <Tag>{problem.source === 'lint' ? t.sourceLint : t.sourceServer}</Tag>
              {problem.elementId ? (
                <Button type="link" size="small" onClick={() => onSelect(problem.elementId!)}>
                  {problem.elementId}
                </Button>
              ) : null}
              <Typography.Text className="wrap-anywhere" style={{ flex: 1 }}>
                {problem.message}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
