-- Messages to a requester who wrote on GitHub go back as comments on the issue.
ALTER TYPE "NotificationChannel" ADD VALUE 'GITHUB';
