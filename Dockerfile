# One image for every Baton service; the container's command names the main class (see docker-compose.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests package -pl local-stack -am

FROM eclipse-temurin:17-jre
# curl for the healthchecks (docker-compose.yml asks each service's operations port, 9180, for /health/ready)
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/local-stack/target/lib/ /app/lib/
COPY --from=build /src/local-stack/target/local-stack.jar /app/lib/
ENTRYPOINT ["java", "-cp", "/app/lib/*"]
CMD ["io.baton.local.LocalStack"]
